<?xml version="1.0" encoding="UTF-8"?>
<!--
  The team card (imported by layout.xsl): the people of a client's team
  (<team><member id name email title phone hours manager photo/></team>),
  each with their photo or, without one, their initials.  On the
  dashboard and a project page the <team> element is drawn as a section;
  the "Your team" page calls team-members itself.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="base" select="''"/>

  <!-- One person's photo (64 px) or initials. -->
  <xsl:template name="team-face">
    <xsl:choose>
      <xsl:when test="@photo">
        <img src="{$base}{@photo}" alt="" width="64" height="64" class="team-photo"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="avatar">
          <xsl:with-param name="name" select="@name"/>
          <xsl:with-param name="size">lg</xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The cards of the members under the context node; h: their heading. -->
  <xsl:template name="team-members">
    <xsl:param name="h" select="'h3'"/>
    <ul class="team-cards">
      <xsl:for-each select="member">
        <li class="team-card">
          <xsl:call-template name="team-face"/>
          <div class="team-card-body">
            <xsl:element name="{$h}">
              <xsl:attribute name="class">team-name</xsl:attribute>
              <xsl:value-of select="@name"/>
            </xsl:element>
            <p class="team-role">
              <xsl:if test="@manager = '1'"><span class="badge badge-tone-info">Account manager</span><xsl:text> </xsl:text></xsl:if>
              <xsl:value-of select="@title"/>
            </p>
            <ul class="team-contact">
              <li><a href="mailto:{@email}"><xsl:value-of select="@email"/></a></li>
              <xsl:if test="@phone">
                <li><a href="tel:{translate(@phone, ' ()-./', '')}"><xsl:value-of select="@phone"/></a></li>
              </xsl:if>
              <xsl:if test="@hours">
                <li><span class="small">Office hours: </span><xsl:value-of select="@hours"/></li>
              </xsl:if>
            </ul>
          </div>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- The dashboard's team and a project's owner. -->
  <xsl:template match="team" mode="section">
    <xsl:if test="member">
      <section class="team" aria-labelledby="h-team-{@kind}">
        <h2 id="h-team-{@kind}">
          <xsl:choose>
            <xsl:when test="@kind = 'owner'">Your contact for this project</xsl:when>
            <xsl:otherwise>Your team</xsl:otherwise>
          </xsl:choose>
        </h2>
        <xsl:call-template name="team-members"/>
        <xsl:if test="not(@kind) and /atrium/user/@role = 'contact'">
          <p><a href="{$base}/team">All of your team</a></p>
        </xsl:if>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
