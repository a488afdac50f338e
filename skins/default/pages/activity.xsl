<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- What happened around the client's shared items, newest first. -->
  <xsl:template match="content" mode="page">
    <h1>Activity</h1>
    <xsl:for-each select="activity"><xsl:call-template name="hs-activity-list"/></xsl:for-each>
    <xsl:if test="more"><p><a href="{$base}/activity?before={more/@before}">Older</a></p></xsl:if>
  </xsl:template>
</xsl:stylesheet>
