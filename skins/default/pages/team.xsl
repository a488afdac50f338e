<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- "Your team": the people of the agency who work for the contact's client. -->
  <xsl:template match="content" mode="page">
    <h1>Your team</h1>
    <xsl:choose>
      <xsl:when test="team/member">
        <p>The people at <xsl:value-of select="/atrium/brand/@name"/> who work with you. Write or call them directly.</p>
        <xsl:for-each select="team">
          <xsl:call-template name="team-members"><xsl:with-param name="h">h2</xsl:with-param></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="empty">
          <xsl:with-param name="icon">users</xsl:with-param>
          <xsl:with-param name="title">Your team is not set yet.</xsl:with-param>
          <xsl:with-param name="text">When the agency names your account manager, they show here with how to reach them.</xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
