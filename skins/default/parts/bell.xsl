<?xml version="1.0" encoding="UTF-8"?>
<!--
  The header's bell (imported by layout.xsl): a link to /notifications
  with the caller's unread count from /atrium/bell/@unread, and a link
  to the caller's own /account.  A brand overrides the named template
  "bell".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="base" select="''"/>

  <xsl:template name="bell">
    <xsl:if test="/atrium/bell">
      <xsl:variable name="n" select="number(/atrium/bell/@unread)"/>
      <div class="header-bell">
        <a class="icon-button bell" href="{$base}/notifications">
          <xsl:if test="$n &gt; 0">
            <xsl:attribute name="class">icon-button bell bell-unread</xsl:attribute>
          </xsl:if>
          <xsl:call-template name="icon"><xsl:with-param name="name">bell</xsl:with-param></xsl:call-template>
          <span class="visually-hidden">Notifications</span>
          <xsl:if test="$n &gt; 0">
            <span class="bell-count"><xsl:value-of select="$n"/></span>
            <span class="visually-hidden"> unread</span>
          </xsl:if>
        </a>
        <a class="icon-button account-link" href="{$base}/account">
          <xsl:call-template name="icon"><xsl:with-param name="name">user</xsl:with-param></xsl:call-template>
          <span class="visually-hidden">Your account</span>
        </a>
      </div>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
